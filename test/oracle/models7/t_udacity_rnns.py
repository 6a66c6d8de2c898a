"""Recurrent models from Udacity's deep-learning-v2-pytorch notebooks, as the solutions write them. CharRNN (recurrent-neural-networks/char-rnn, trained on anna.txt with 83 distinct characters): a batch_first two-layer LSTM over one-hot characters, dropout, out.contiguous().view(-1, self.n_hidden) so the logits come out as (batch * seq_len, n_chars), and init_hidden building (h, c) with weight.new(n_layers, batch_size, n_hidden).zero_(). SentimentRNN (sentiment-rnn, IMDB reviews padded to seq_length=200 over a vocabulary of len(vocab_to_int) + 1 = 74073 ids): Embedding(400) -> two-layer LSTM(256) -> lstm_out.contiguous().view(-1, hidden_dim) -> dropout -> fc -> sigmoid, then sig_out.view(batch_size, -1) and sig_out[:, -1] to keep the last time step's score. Both forwards take (x, hidden) as in the course; the wrapper models replay the notebooks' predict() / test loops (h = net.init_hidden(batch_size); output, h = net(inputs, h)), with the sampling softmax of predict() for CharRNN. The sentiment solution's `x = x.long()` cast is left out so that float inputs are rejected by the embedding instead of being truncated to indices."""
import torch
from torch import nn
import torch.nn.functional as F

train_on_gpu = torch.cuda.is_available()

# anna.txt has 83 distinct characters
chars = tuple(chr(i) for i in range(40, 40 + 83))


class CharRNN(nn.Module):

    def __init__(self, tokens, n_hidden=256, n_layers=2,
                               drop_prob=0.5, lr=0.001):
        super().__init__()
        self.drop_prob = drop_prob
        self.n_layers = n_layers
        self.n_hidden = n_hidden
        self.lr = lr

        # creating character dictionaries
        self.chars = tokens
        self.int2char = dict(enumerate(self.chars))
        self.char2int = {ch: ii for ii, ch in self.int2char.items()}

        ## TODO: define the layers of the model
        self.lstm = nn.LSTM(len(self.chars), n_hidden, n_layers,
                            dropout=drop_prob, batch_first=True)

        ## TODO: define a dropout layer
        self.dropout = nn.Dropout(drop_prob)

        ## TODO: define the final, fully-connected output layer
        self.fc = nn.Linear(n_hidden, len(self.chars))

    def forward(self, x, hidden):
        ''' Forward pass through the network.
            These inputs are x, and the hidden/cell state `hidden`. '''

        ## TODO: Get the outputs and the new hidden state from the lstm
        r_output, hidden = self.lstm(x, hidden)

        ## TODO: pass through a dropout layer
        out = self.dropout(r_output)

        # Stack up LSTM outputs using view
        # you may need to use contiguous to reshape the output
        out = out.contiguous().view(-1, self.n_hidden)

        ## TODO: put x through the fully-connected layer
        out = self.fc(out)

        # return the final output and the hidden state
        return out, hidden

    def init_hidden(self, batch_size):
        ''' Initializes hidden state '''
        # Create two new tensors with sizes n_layers x batch_size x n_hidden,
        # initialized to zero, for hidden state and cell state of LSTM
        weight = next(self.parameters()).data

        if (train_on_gpu):
            hidden = (weight.new(self.n_layers, batch_size, self.n_hidden).zero_().cuda(),
                  weight.new(self.n_layers, batch_size, self.n_hidden).zero_().cuda())
        else:
            hidden = (weight.new(self.n_layers, batch_size, self.n_hidden).zero_(),
                      weight.new(self.n_layers, batch_size, self.n_hidden).zero_())

        return hidden


# shapelint: input=(2, 100, 83)
class CharRNNPredict(nn.Module):
    """predict(net, char, h=None, top_k=None) from the notebook, batched over one-hot inputs."""
    def __init__(self):
        super().__init__()
        self.net = CharRNN(chars, n_hidden=512, n_layers=2)

    def forward(self, inputs):
        h = self.net.init_hidden(inputs.size(0))
        # detach hidden state from history
        h = tuple([each.data for each in h])
        # get the output of the model
        out, h = self.net(inputs, h)

        # get the character probabilities
        p = F.softmax(out, dim=1).data
        return p


class SentimentRNN(nn.Module):
    """
    The RNN model that will be used to perform Sentiment analysis.
    """

    def __init__(self, vocab_size, output_size, embedding_dim, hidden_dim, n_layers, drop_prob=0.5):
        """
        Initialize the model by setting up the layers.
        """
        super(SentimentRNN, self).__init__()

        self.output_size = output_size
        self.n_layers = n_layers
        self.hidden_dim = hidden_dim

        # embedding and LSTM layers
        self.embedding = nn.Embedding(vocab_size, embedding_dim)
        self.lstm = nn.LSTM(embedding_dim, hidden_dim, n_layers,
                            dropout=drop_prob, batch_first=True)

        # dropout layer
        self.dropout = nn.Dropout(0.3)

        # linear and sigmoid layers
        self.fc = nn.Linear(hidden_dim, output_size)
        self.sig = nn.Sigmoid()


    def forward(self, x, hidden):
        """
        Perform a forward pass of our model on some input and hidden state.
        """
        batch_size = x.size(0)

        # embeddings and lstm_out
        embeds = self.embedding(x)
        lstm_out, hidden = self.lstm(embeds, hidden)

        # stack up lstm outputs
        lstm_out = lstm_out.contiguous().view(-1, self.hidden_dim)

        # dropout and fully-connected layer
        out = self.dropout(lstm_out)
        out = self.fc(out)
        # sigmoid function
        sig_out = self.sig(out)

        # reshape to be batch_size first
        sig_out = sig_out.view(batch_size, -1)
        sig_out = sig_out[:, -1] # get last batch of labels

        # return last sigmoid output and hidden state
        return sig_out, hidden


    def init_hidden(self, batch_size):
        ''' Initializes hidden state '''
        # Create two new tensors with sizes n_layers x batch_size x hidden_dim,
        # initialized to zero, for hidden state and cell state of LSTM
        weight = next(self.parameters()).data

        if (train_on_gpu):
            hidden = (weight.new(self.n_layers, batch_size, self.hidden_dim).zero_().cuda(),
                  weight.new(self.n_layers, batch_size, self.hidden_dim).zero_().cuda())
        else:
            hidden = (weight.new(self.n_layers, batch_size, self.hidden_dim).zero_(),
                      weight.new(self.n_layers, batch_size, self.hidden_dim).zero_())

        return hidden


# Instantiate the model w/ hyperparams
vocab_size = 74072 + 1 # +1 for the 0 padding + our word tokens
output_size = 1
embedding_dim = 400
hidden_dim = 256
n_layers = 2


# shapelint: input=(2, 200)
class SentimentTest(nn.Module):
    """The notebook's test loop for one batch: init_hidden, then net(inputs, h)."""
    def __init__(self):
        super().__init__()
        self.net = SentimentRNN(vocab_size, output_size, embedding_dim, hidden_dim, n_layers)

    def forward(self, inputs):
        batch_size = inputs.size(0)
        h = self.net.init_hidden(batch_size)
        # Creating new variables for the hidden state, otherwise
        # we'd backprop through the entire training history
        h = tuple([each.data for each in h])

        # get predicted outputs
        output, h = self.net(inputs, h)
        # convert output probabilities to predicted class (0 or 1)
        pred = torch.round(output.squeeze())  # rounds to the nearest integer
        return output, pred
