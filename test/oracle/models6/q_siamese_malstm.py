"""Siamese sentence-pair models. MaLSTM (Mueller & Thyagarajan, 2016) as in GitHub question-duplicate notebooks: one shared Embedding + LSTM encoder applied to both questions, the last hidden state h_n[-1] of each, and similarity exp(-||h_a - h_b||_1) via torch.exp(-torch.sum(torch.abs(a - b), dim=1, keepdim=True)). InferSentNLI follows facebookresearch/InferSent: a shared BiLSTM encoder with max pooling over time (torch.max(sent_output, 0)[0] on time-major outputs) on premise and hypothesis of different lengths, features [u, v, |u - v|, u * v] concatenated for a 3-way MLP classifier."""
import torch
import torch.nn as nn


class LSTMEncoder(nn.Module):
    def __init__(self, vocab_size, embed_dim, hidden_dim):
        super(LSTMEncoder, self).__init__()
        self.embedding = nn.Embedding(vocab_size, embed_dim, padding_idx=0)
        self.lstm = nn.LSTM(embed_dim, hidden_dim, batch_first=True)

    def forward(self, x):
        embedded = self.embedding(x)
        _, (h_n, _) = self.lstm(embedded)
        return h_n[-1]  # (B, hidden_dim)


# shapelint: input=((2, 15), (2, 15))
class MaLSTM(nn.Module):
    def __init__(self, vocab_size=10000, embed_dim=300, hidden_dim=50):
        super(MaLSTM, self).__init__()
        self.encoder = LSTMEncoder(vocab_size, embed_dim, hidden_dim)

    def exponent_neg_manhattan_distance(self, a, b):
        return torch.exp(-torch.sum(torch.abs(a - b), dim=1, keepdim=True))

    def forward(self, left, right):
        h_left = self.encoder(left)
        h_right = self.encoder(right)
        return self.exponent_neg_manhattan_distance(h_left, h_right)


class BLSTMEncoder(nn.Module):
    def __init__(self, word_emb_dim, enc_lstm_dim, dpout_model=0.0):
        super(BLSTMEncoder, self).__init__()
        self.enc_lstm = nn.LSTM(word_emb_dim, enc_lstm_dim, 1, bidirectional=True, dropout=dpout_model)

    def forward(self, sent):
        # sent: (seqlen, bsize, word_emb_dim)
        sent_output = self.enc_lstm(sent)[0]  # (seqlen, bsize, 2*nhid)
        emb = torch.max(sent_output, 0)[0]
        return emb


# shapelint: input=((2, 14), (2, 9))
class InferSentNLI(nn.Module):
    def __init__(self, n_words=20000, word_emb_dim=300, enc_lstm_dim=256, fc_dim=512, n_classes=3, dpout_fc=0.0):
        super(InferSentNLI, self).__init__()
        self.word_emb = nn.Embedding(n_words, word_emb_dim)
        self.encoder = BLSTMEncoder(word_emb_dim, enc_lstm_dim)
        self.inputdim = 4 * 2 * enc_lstm_dim
        self.classifier = nn.Sequential(
            nn.Dropout(p=dpout_fc),
            nn.Linear(self.inputdim, fc_dim),
            nn.Tanh(),
            nn.Dropout(p=dpout_fc),
            nn.Linear(fc_dim, fc_dim),
            nn.Tanh(),
            nn.Dropout(p=dpout_fc),
            nn.Linear(fc_dim, n_classes),
        )

    def forward(self, s1, s2):
        # batch-first token ids -> time-major embeddings, as the original encoder expects
        u = self.encoder(self.word_emb(s1).transpose(0, 1))
        v = self.encoder(self.word_emb(s2).transpose(0, 1))
        features = torch.cat((u, v, torch.abs(u - v), u * v), 1)
        output = self.classifier(features)
        return output
