"""ESIM (Chen et al., 2017) for natural language inference on a premise/hypothesis token pair: BiLSTM encoding, soft alignment through a bmm similarity matrix, [a; b; a - b; a * b] enhancement, BiLSTM composition, avg/max pooling."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class Seq2SeqEncoder(nn.Module):
    def __init__(self, rnn_type, input_size, hidden_size, num_layers=1, bias=True, dropout=0.0, bidirectional=False):
        super(Seq2SeqEncoder, self).__init__()
        self._encoder = rnn_type(input_size, hidden_size, num_layers=num_layers, bias=bias,
                                 batch_first=True, dropout=dropout, bidirectional=bidirectional)

    def forward(self, sequences_batch):
        outputs, _ = self._encoder(sequences_batch)
        return outputs


class SoftmaxAttention(nn.Module):
    def forward(self, premise_batch, hypothesis_batch):
        similarity_matrix = premise_batch.bmm(hypothesis_batch.transpose(2, 1).contiguous())

        prem_hyp_attn = F.softmax(similarity_matrix, dim=2)
        hyp_prem_attn = F.softmax(similarity_matrix.transpose(1, 2).contiguous(), dim=2)

        attended_premises = prem_hyp_attn.bmm(hypothesis_batch)
        attended_hypotheses = hyp_prem_attn.bmm(premise_batch)
        return attended_premises, attended_hypotheses


# shapelint: input=((2, 12), (2, 9))
class ESIM(nn.Module):
    def __init__(self, vocab_size=100, embedding_dim=32, hidden_size=32, num_classes=3, dropout=0.5):
        super(ESIM, self).__init__()
        self.hidden_size = hidden_size
        self._word_embedding = nn.Embedding(vocab_size, embedding_dim, padding_idx=0)
        self._rnn_dropout = nn.Dropout(p=dropout)
        self._encoding = Seq2SeqEncoder(nn.LSTM, embedding_dim, hidden_size, bidirectional=True)
        self._attention = SoftmaxAttention()
        self._projection = nn.Sequential(nn.Linear(4 * 2 * hidden_size, hidden_size), nn.ReLU())
        self._composition = Seq2SeqEncoder(nn.LSTM, hidden_size, hidden_size, bidirectional=True)
        self._classification = nn.Sequential(
            nn.Dropout(p=dropout),
            nn.Linear(2 * 4 * hidden_size, hidden_size),
            nn.Tanh(),
            nn.Dropout(p=dropout),
            nn.Linear(hidden_size, num_classes),
        )

    def forward(self, premises, hypotheses):
        embedded_premises = self._rnn_dropout(self._word_embedding(premises))
        embedded_hypotheses = self._rnn_dropout(self._word_embedding(hypotheses))

        encoded_premises = self._encoding(embedded_premises)
        encoded_hypotheses = self._encoding(embedded_hypotheses)

        attended_premises, attended_hypotheses = self._attention(encoded_premises, encoded_hypotheses)

        enhanced_premises = torch.cat([encoded_premises,
                                       attended_premises,
                                       encoded_premises - attended_premises,
                                       encoded_premises * attended_premises],
                                      dim=-1)
        enhanced_hypotheses = torch.cat([encoded_hypotheses,
                                         attended_hypotheses,
                                         encoded_hypotheses - attended_hypotheses,
                                         encoded_hypotheses * attended_hypotheses],
                                        dim=-1)

        projected_premises = self._rnn_dropout(self._projection(enhanced_premises))
        projected_hypotheses = self._rnn_dropout(self._projection(enhanced_hypotheses))

        v_ai = self._composition(projected_premises)
        v_bj = self._composition(projected_hypotheses)

        v_a_avg = torch.mean(v_ai, dim=1)
        v_b_avg = torch.mean(v_bj, dim=1)
        v_a_max, _ = v_ai.max(dim=1)
        v_b_max, _ = v_bj.max(dim=1)

        v = torch.cat([v_a_avg, v_a_max, v_b_avg, v_b_max], dim=1)
        logits = self._classification(v)
        probabilities = F.softmax(logits, dim=-1)
        return logits, probabilities
